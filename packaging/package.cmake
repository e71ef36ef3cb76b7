# Installation and the Debian package. In the build directory:
#   cpack -G DEB        -> kestrel_<version>_amd64.deb (programs, systemd units, /etc/kestrel,
#                          man pages, the bundled corpus, copyright)
# The units are deploy/'s, with the paths of a package (programs in /usr/bin, the corpus in
# /usr/share/kestrel/corpus) instead of a checkout in /opt/kestrel.
include(GNUInstallDirs)

install(TARGETS kestrel-index kestrel-server kestrel-search RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(KESTREL_PACKAGE_DIR ${CMAKE_BINARY_DIR}/package)
foreach(unit kestrel-server.service kestrel-index.service kestrel-index.timer
             kestrel-replicate-server.service kestrel-replica.service kestrel-shard@.service)
  file(READ ${PROJECT_SOURCE_DIR}/deploy/${unit} text)
  string(REPLACE "/opt/kestrel/build/bin/" "/usr/bin/" text "${text}")
  string(REPLACE "/opt/kestrel/corpus" "/usr/share/kestrel/corpus" text "${text}")
  string(REPLACE "WorkingDirectory=/opt/kestrel" "WorkingDirectory=/var/lib/kestrel" text "${text}")
  file(WRITE ${KESTREL_PACKAGE_DIR}/${unit}
       "# Installed by the kestrel package: deploy/${unit} with the package's paths (programs in\n"
       "# /usr/bin, the corpus in /usr/share/kestrel/corpus); its comments describe a checkout.\n"
       "${text}")
  install(FILES ${KESTREL_PACKAGE_DIR}/${unit} DESTINATION lib/systemd/system)
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-server.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-index.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-index.timer
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-replicate-server.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-replica.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-shard@.service)

install(FILES ${CMAKE_CURRENT_LIST_DIR}/server.env DESTINATION /etc/kestrel)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/corpus/ DESTINATION ${CMAKE_INSTALL_DATADIR}/kestrel/corpus)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Man pages from each program's --help (help2man), gzipped as Debian keeps them.
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(man_pages)
  foreach(spec "kestrel-index=build or update a Kestrel search index"
               "kestrel-server=serve Kestrel searches and the search page over HTTP"
               "kestrel-search=search a Kestrel index from the command line")
    string(REPLACE "=" ";" parts "${spec}")
    list(GET parts 0 program)
    list(GET parts 1 summary)
    set(page ${KESTREL_PACKAGE_DIR}/${program}.1.gz)
    add_custom_command(
      OUTPUT ${page}
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
              --name=${summary} --output=${KESTREL_PACKAGE_DIR}/${program}.1 $<TARGET_FILE:${program}>
      COMMAND gzip -9nf ${KESTREL_PACKAGE_DIR}/${program}.1
      DEPENDS ${program}
      COMMENT "Man page of ${program}"
      VERBATIM)
    list(APPEND man_pages ${page})
  endforeach()
  add_custom_target(man-pages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

set(CPACK_PACKAGE_NAME kestrel)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Kestrel developers <kestrel@clinic.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "search engine for a clinic's library of research articles")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "Kestrel indexes research articles (Markdown, HTML, JSON Lines) with ICU tokenising and\n"
       "Xapian stemming, and serves ranked, faceted searches as JSON, a search page and a\n"
       "Meilisearch-compatible API. kestrel-index builds the index (incremental, atomic, safe\n"
       "under cron), kestrel-server answers on HTTP, kestrel-search queries from the shell.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_LICENSE GPL-2+)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the shared libraries (dpkg-shlibdeps)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "xapian-tools")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/postinst ${CMAKE_CURRENT_LIST_DIR}/postrm
    ${CMAKE_CURRENT_LIST_DIR}/conffiles)
set(CPACK_GENERATOR DEB)
include(CPack)
